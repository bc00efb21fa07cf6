from django import forms


class CheckoutForm(forms.Form):
    email = forms.EmailField()
    address = forms.CharField(widget=forms.Textarea)
